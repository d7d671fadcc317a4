-- The pool layer: stored ballots are wrapped once more under a per-campaign key and rewrapped at
-- every shuffle, so a ballot cannot be followed from one copy of the database to the next.

-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "pool_key" BYTEA;

-- The pool key is frozen like the other keys: it may only be destroyed (set to null) after launch.
CREATE OR REPLACE FUNCTION census_freeze_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.min_cell_size IS DISTINCT FROM OLD.min_cell_size OR
        NEW.min_group_headcount IS DISTINCT FROM OLD.min_group_headcount OR
        NEW.shuffle_size IS DISTINCT FROM OLD.shuffle_size OR
        NEW.retention_days IS DISTINCT FROM OLD.retention_days OR
        NEW.questions IS DISTINCT FROM OLD.questions OR
        NEW.public_key IS DISTINCT FROM OLD.public_key OR
        (NEW.wrapped_key IS NOT NULL AND NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key) OR
        (NEW.pool_key IS NOT NULL AND NEW.pool_key IS DISTINCT FROM OLD.pool_key)
    ) THEN
        RAISE EXCEPTION 'census: campaign % settings are frozen once it opens', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
        RAISE EXCEPTION 'census: campaign % is closed and cannot reopen', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$;
