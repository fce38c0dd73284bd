/** The PostgreSQL backend of Scoped Store: pgjdbc, HikariCP, one jsonb table per namespace. */
module dev.scopedstore.postgres {
    requires transitive dev.scopedstore;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;

    exports dev.scopedstore.postgres;

    provides dev.scopedstore.spi.StateBackendProvider with
            dev.scopedstore.postgres.PostgresBackendProvider,
            dev.scopedstore.postgres.JdbcPostgresBackendProvider;
}
