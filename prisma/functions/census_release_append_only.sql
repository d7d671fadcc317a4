-- Trigger release_append_only (BEFORE UPDATE OR DELETE ON release): the release ledger is append-only; what was
-- published stays on record.
-- Defined in migrations/20261124000000_grade_order_release_ledger.
--
-- The text the migrations leave in the database (pg_get_functiondef). Applied only by migrations: change it
-- with a new migration and copy the result here (test/integration/stored-functions.test.ts keeps the two equal).

CREATE OR REPLACE FUNCTION public.census_release_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'census: the release ledger is append-only' USING ERRCODE = 'P0001';
END $function$

