/**
 * Serving states to browsers: {@link dev.scopedstore.web.ScopedStoreServlet} (Server-Sent Events
 * and JSON writes, client sessions in a signed cookie, an {@link dev.scopedstore.web.AccessPolicy}
 * that denies by default), the JavaScript client it serves, and the
 * {@link dev.scopedstore.web.DemoPage}. Protocol and examples: docs/web.md.
 */
package dev.scopedstore.web;
