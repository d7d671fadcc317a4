-- Trigger campaign_freeze (BEFORE UPDATE ON campaign): once a campaign leaves draft, its thresholds, question set,
-- key and reporting groups cannot change, whoever asks; the status only moves forward (nothing goes back to
-- draft, nothing reopens).
-- Last defined in migrations/20261125000000_chunked_open (also in 20261123210000, 20261123220000, 20261124000000,
-- 20261124100000).
--
-- The text the migrations leave in the database (pg_get_functiondef). Applied only by migrations: change it
-- with a new migration and copy the result here (test/integration/stored-functions.test.ts keeps the two equal).

CREATE OR REPLACE FUNCTION public.census_freeze_campaign()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.min_cell_size IS DISTINCT FROM OLD.min_cell_size OR
        NEW.min_group_headcount IS DISTINCT FROM OLD.min_group_headcount OR
        NEW.shuffle_size IS DISTINCT FROM OLD.shuffle_size OR
        NEW.retention_days IS DISTINCT FROM OLD.retention_days OR
        NEW.questions IS DISTINCT FROM OLD.questions OR
        NEW.grade_order IS DISTINCT FROM OLD.grade_order OR
        NEW.reminder_max IS DISTINCT FROM OLD.reminder_max OR
        NEW.reminder_every_days IS DISTINCT FROM OLD.reminder_every_days OR
        NEW.low_uptake_percent IS DISTINCT FROM OLD.low_uptake_percent OR
        NEW.working_hours IS DISTINCT FROM OLD.working_hours OR
        NEW.time_zone IS DISTINCT FROM OLD.time_zone OR
        NEW.public_key IS DISTINCT FROM OLD.public_key OR
        (NEW.wrapped_key IS NOT NULL AND NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key) OR
        (NEW.pool_key IS NOT NULL AND NEW.pool_key IS DISTINCT FROM OLD.pool_key)
    ) THEN
        RAISE EXCEPTION 'census: campaign % settings are frozen once it opens', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
        RAISE EXCEPTION 'census: campaign % is closed and cannot reopen', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'draft' AND NEW.status IN ('opening', 'abandoned')) OR
        (OLD.status = 'opening' AND NEW.status IN ('open', 'abandoned')) OR
        (OLD.status = 'open' AND NEW.status IN ('closing', 'closed')) OR
        (OLD.status = 'closing' AND NEW.status = 'closed')
    ) THEN
        RAISE EXCEPTION 'census: campaign % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.report IS DISTINCT FROM OLD.report THEN
        RAISE EXCEPTION 'census: the report of campaign % is final', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $function$

