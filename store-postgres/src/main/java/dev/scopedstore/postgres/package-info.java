/**
 * The PostgreSQL backend of Scoped Store: {@code postgresql://} and {@code jdbc:postgresql://}
 * URLs, or {@link dev.scopedstore.postgres.PostgresBackend#PostgresBackend(javax.sql.DataSource)}
 * on the application's own pool.
 */
package dev.scopedstore.postgres;
