-- Frozen privacy settings, the pool-shuffle counter and ledger retention (issue: unlinkable answers).

-- AlterTable (existing campaigns get the defaults they were run with)
ALTER TABLE "campaign" ADD COLUMN     "ledger_purged_at" TIMESTAMPTZ(3),
ADD COLUMN     "min_group_headcount" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "retention_days" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "shuffle_size" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "unshuffled" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "campaign" ALTER COLUMN "min_group_headcount" DROP DEFAULT,
ALTER COLUMN "retention_days" DROP DEFAULT,
ALTER COLUMN "shuffle_size" DROP DEFAULT;

-- CreateTable
CREATE TABLE "participation_summary" (
    "campaign_id" UUID NOT NULL,
    "report_group" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "participation_summary_pkey" PRIMARY KEY ("campaign_id","report_group","status")
);

-- AddForeignKey
ALTER TABLE "participation_summary" ADD CONSTRAINT "participation_summary_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Frozen at launch: once a campaign leaves draft, its thresholds, question set, key and reporting
-- groups cannot change, whoever asks (the app has no such operation; this stops direct SQL too).
CREATE FUNCTION census_freeze_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.min_cell_size IS DISTINCT FROM OLD.min_cell_size OR
        NEW.min_group_headcount IS DISTINCT FROM OLD.min_group_headcount OR
        NEW.shuffle_size IS DISTINCT FROM OLD.shuffle_size OR
        NEW.retention_days IS DISTINCT FROM OLD.retention_days OR
        NEW.questions IS DISTINCT FROM OLD.questions OR
        NEW.public_key IS DISTINCT FROM OLD.public_key OR
        (NEW.wrapped_key IS NOT NULL AND NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key)
    ) THEN
        RAISE EXCEPTION 'census: campaign % settings are frozen once it opens', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
        RAISE EXCEPTION 'census: campaign % is closed and cannot reopen', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER campaign_freeze BEFORE UPDATE ON "campaign"
    FOR EACH ROW EXECUTE FUNCTION census_freeze_campaign();

CREATE FUNCTION census_freeze_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "campaign" WHERE id = NEW.campaign_id AND status <> 'draft')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "campaign" WHERE id = OLD.campaign_id AND status <> 'draft')) THEN
        RAISE EXCEPTION 'census: reporting groups of campaign % are frozen once it opens', NEW.campaign_id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER campaign_group_freeze BEFORE INSERT OR UPDATE ON "campaign_group"
    FOR EACH ROW EXECUTE FUNCTION census_freeze_groups();
