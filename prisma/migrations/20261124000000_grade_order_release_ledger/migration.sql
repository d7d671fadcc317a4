-- Grade order frozen at launch, publication date, and the release ledger (issue: disclosure-safe results).
-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "grade_order" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "published_on" DATE;

-- CreateTable
CREATE TABLE "release" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "released_on" DATE NOT NULL,
    "counts" JSONB NOT NULL,
    "body" JSONB NOT NULL,

    CONSTRAINT "release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "release_kind_idx" ON "release"("kind");

-- AddForeignKey
ALTER TABLE "release" ADD CONSTRAINT "release_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The grade order is frozen with the other settings once a campaign opens; a closed campaign's report is final.
CREATE OR REPLACE FUNCTION census_freeze_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.min_cell_size IS DISTINCT FROM OLD.min_cell_size OR
        NEW.min_group_headcount IS DISTINCT FROM OLD.min_group_headcount OR
        NEW.shuffle_size IS DISTINCT FROM OLD.shuffle_size OR
        NEW.retention_days IS DISTINCT FROM OLD.retention_days OR
        NEW.questions IS DISTINCT FROM OLD.questions OR
        NEW.grade_order IS DISTINCT FROM OLD.grade_order OR
        NEW.public_key IS DISTINCT FROM OLD.public_key OR
        (NEW.wrapped_key IS NOT NULL AND NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key) OR
        (NEW.pool_key IS NOT NULL AND NEW.pool_key IS DISTINCT FROM OLD.pool_key)
    ) THEN
        RAISE EXCEPTION 'census: campaign % settings are frozen once it opens', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
        RAISE EXCEPTION 'census: campaign % is closed and cannot reopen', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'closed' AND NEW.report IS DISTINCT FROM OLD.report THEN
        RAISE EXCEPTION 'census: the report of campaign % is final', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$;

-- The release ledger is append-only: what was published stays on record.
CREATE FUNCTION census_release_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'census: the release ledger is append-only' USING ERRCODE = 'P0001';
END $$;

CREATE TRIGGER release_append_only BEFORE UPDATE OR DELETE ON "release"
    FOR EACH ROW EXECUTE FUNCTION census_release_append_only();
