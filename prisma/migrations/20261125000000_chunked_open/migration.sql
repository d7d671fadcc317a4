-- Opening a campaign in committed chunks (issue: a million people in one transaction).
-- A campaign is created as a draft (its groups can be written), moves to "opening" (frozen from then on: the
-- triggers below key on status <> 'draft') while its invitations and deliveries are written batch by batch, and
-- then to "open". An opening campaign whose opener stopped writing (heartbeat too old) is "abandoned" by the next
-- start and deleted. Nothing is sent, answered or counted until "open".

-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3);

-- Frozen settings as before, and the status only moves forward: a campaign that has left draft can never be
-- put back into draft (which would have unfrozen its settings), and nothing reopens.
CREATE OR REPLACE FUNCTION census_freeze_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$;
