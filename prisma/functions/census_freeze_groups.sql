-- Trigger campaign_group_freeze (BEFORE INSERT OR UPDATE ON campaign_group): a campaign's reporting groups are
-- frozen once it leaves draft.
-- Defined in migrations/20261123210000_frozen_settings_shuffle_retention.
--
-- The text the migrations leave in the database (pg_get_functiondef). Applied only by migrations: change it
-- with a new migration and copy the result here (test/integration/stored-functions.test.ts keeps the two equal).

CREATE OR REPLACE FUNCTION public.census_freeze_groups()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF EXISTS (SELECT 1 FROM "campaign" WHERE id = NEW.campaign_id AND status <> 'draft')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "campaign" WHERE id = OLD.campaign_id AND status <> 'draft')) THEN
        RAISE EXCEPTION 'census: reporting groups of campaign % are frozen once it opens', NEW.campaign_id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $function$

