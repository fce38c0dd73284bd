-- Scoped Store PostgreSQL schema, version 1. ${schema} and ${table} are replaced by the quoted
-- schema and table names (defaults: public, scoped_state); ${prefix} by the unquoted table name,
-- used to name the companion objects. The store runs this on open (createSchema=true, the
-- default) under an advisory lock; a DBA may run it instead and open with createSchema=false.

CREATE SCHEMA IF NOT EXISTS ${schema};

-- Which schema version each table has; checked on every open.
CREATE TABLE IF NOT EXISTS ${schema}.scoped_store_schema (
    table_name text PRIMARY KEY,
    version    integer NOT NULL
);

-- One row per state. A deleted state stays as a tombstone (expires_at = 0) so that its version
-- keeps growing when it is re-created; tombstones and expired rows are purged by the cleanup,
-- which first raises the version sequence above them.
CREATE TABLE IF NOT EXISTS ${schema}.${table} (
    scope      text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    value      jsonb   NOT NULL,
    version    bigint  NOT NULL,
    labels     text[]  NOT NULL DEFAULT '{}',
    ttl_millis bigint  NOT NULL DEFAULT 0,
    expires_at bigint  NOT NULL,               -- epoch ms by the store's clock; 0 = deleted
    tx         xid8    NOT NULL DEFAULT pg_current_xact_id(),   -- the writing transaction
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (scope, key)                   -- "C" order serves scope = S and S. prefix ranges
);
CREATE INDEX IF NOT EXISTS ${prefix}_labels ON ${schema}.${table} USING gin (labels);
CREATE INDEX IF NOT EXISTS ${prefix}_tx ON ${schema}.${table} (tx);
CREATE INDEX IF NOT EXISTS ${prefix}_expiry ON ${schema}.${table} (expires_at)
    WHERE expires_at < 9223372036854775807;

-- First versions of new rows; raised above every purged row's version before it is purged.
CREATE SEQUENCE IF NOT EXISTS ${schema}.${prefix}_version;

-- Write ids of applied atomic operations, so that a write re-sent after a lost reply is
-- applied once. Rows older than ten minutes are purged by the cleanup.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}_ops (
    op_id      text PRIMARY KEY,
    applied_at bigint NOT NULL
);

-- Zero of the same shape, for a field present on one side of ADD / SUBTRACT_FROM.
CREATE OR REPLACE FUNCTION ${schema}.scoped_store_zero(v jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    r jsonb;
    k text;
BEGIN
    CASE jsonb_typeof(v)
        WHEN 'number' THEN RETURN '0'::jsonb;
        WHEN 'array' THEN
            r := '[]'::jsonb;
            FOR i IN 0 .. jsonb_array_length(v) - 1 LOOP
                r := r || jsonb_build_array(${schema}.scoped_store_zero(v -> i));
            END LOOP;
            RETURN r;
        WHEN 'object' THEN
            r := '{}'::jsonb;
            FOR k IN SELECT jsonb_object_keys(v) LOOP
                r := r || jsonb_build_object(k, ${schema}.scoped_store_zero(v -> k));
            END LOOP;
            RETURN r;
        ELSE RETURN v;
    END CASE;
END
$fn$;

-- The reference semantics of dev.scopedstore.spi.JsonArithmetic, in exact numeric: integers
-- (scale 0) stay within 64 bits (SQLSTATE SS001 otherwise), decimals keep their scale, arrays
-- and objects combine element by element. Shape errors raise SQLSTATE SS002.
CREATE OR REPLACE FUNCTION ${schema}.scoped_store_combine(kind text, a jsonb, b jsonb, path text)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    r jsonb;
    k text;
    l jsonb;
    rt jsonb;
    x numeric;
    y numeric;
    z numeric;
BEGIN
    IF jsonb_typeof(a) = 'array' AND jsonb_typeof(b) = 'array' THEN
        IF jsonb_array_length(a) <> jsonb_array_length(b) THEN
            RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format(
                'arrays of different lengths at %s: %s and %s', path, jsonb_array_length(a), jsonb_array_length(b));
        END IF;
        r := '[]'::jsonb;
        FOR i IN 0 .. jsonb_array_length(a) - 1 LOOP
            r := r || jsonb_build_array(${schema}.scoped_store_combine(kind, a -> i, b -> i, path || '[' || i || ']'));
        END LOOP;
        RETURN r;
    END IF;
    IF jsonb_typeof(a) = 'object' AND jsonb_typeof(b) = 'object' THEN
        r := '{}'::jsonb;
        FOR k IN SELECT n FROM (SELECT jsonb_object_keys(a) AS n UNION SELECT jsonb_object_keys(b)) names LOOP
            l := a -> k;
            rt := b -> k;
            IF l IS NULL OR rt IS NULL THEN
                IF kind IN ('ADD', 'SUBTRACT_FROM') THEN
                    IF l IS NULL THEN l := ${schema}.scoped_store_zero(rt); ELSE rt := ${schema}.scoped_store_zero(l); END IF;
                ELSIF kind IN ('MAX', 'MIN') THEN
                    l := coalesce(l, rt);
                    rt := coalesce(rt, l);
                ELSE
                    RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format(
                        'field %s.%s is on one side only; %s needs it on both', path, k, kind);
                END IF;
            END IF;
            r := r || jsonb_build_object(k, ${schema}.scoped_store_combine(kind, l, rt, path || '.' || k));
        END LOOP;
        RETURN r;
    END IF;
    IF jsonb_typeof(a) <> 'number' THEN
        RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format('expected a number at %s, got %s', path, a);
    END IF;
    IF jsonb_typeof(b) <> 'number' THEN
        RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format('expected a number at %s, got %s', path, b);
    END IF;
    x := a::numeric;
    y := b::numeric;
    IF kind = 'MAX' THEN
        RETURN CASE WHEN x >= y THEN a ELSE b END;
    ELSIF kind = 'MIN' THEN
        RETURN CASE WHEN x <= y THEN a ELSE b END;
    END IF;
    z := CASE kind WHEN 'ADD' THEN x + y WHEN 'SUBTRACT_FROM' THEN y - x WHEN 'MULTIPLY' THEN x * y END;
    IF z IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format('unknown operation %s', kind);
    END IF;
    IF scale(x) = 0 AND scale(y) = 0 AND (x NOT BETWEEN -9223372036854775808 AND 9223372036854775807
            OR y NOT BETWEEN -9223372036854775808 AND 9223372036854775807
            OR z NOT BETWEEN -9223372036854775808 AND 9223372036854775807) THEN
        RAISE EXCEPTION USING ERRCODE = 'SS001', MESSAGE = format(
            '%s of %s and %s at %s leaves the 64-bit integer range', kind, x, y, path);
    END IF;
    RETURN to_jsonb(z);
END
$fn$;

CREATE OR REPLACE FUNCTION ${schema}.scoped_store_apply(kind text, a jsonb, b jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    r jsonb;
    e jsonb;
BEGIN
    IF kind IN ('APPEND', 'UNION') THEN
        IF jsonb_typeof(a) <> 'array' THEN
            RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format('%s needs an array as the value, got %s', kind, jsonb_typeof(a));
        END IF;
        IF jsonb_typeof(b) <> 'array' THEN
            RAISE EXCEPTION USING ERRCODE = 'SS002', MESSAGE = format('%s needs an array as the operand, got %s', kind, jsonb_typeof(b));
        END IF;
        IF kind = 'APPEND' THEN
            RETURN a || b;
        END IF;
        r := a;
        FOR e IN SELECT value FROM jsonb_array_elements(b) LOOP
            IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r) x WHERE x = e) THEN
                r := r || jsonb_build_array(e);
            END IF;
        END LOOP;
        RETURN r;
    END IF;
    RETURN ${schema}.scoped_store_combine(kind, a, b, '$');
END
$fn$;

INSERT INTO ${schema}.scoped_store_schema (table_name, version) VALUES ('${prefix}', 1)
    ON CONFLICT (table_name) DO NOTHING;
