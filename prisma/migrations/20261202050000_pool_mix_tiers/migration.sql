-- Answers no longer touch the campaign row (it was one lock every answer queued for): the pool
-- knows its own unshuffled tail, and the campaign keeps only what the shuffles themselves write.

-- AlterTable: a ballot not yet through a shuffle is unsettled. Existing rows count as unsettled, so
-- the next shuffle takes them all.
ALTER TABLE "sealed_ballot" ADD COLUMN     "settled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "campaign" DROP COLUMN "unshuffled",
ADD COLUMN     "pool_last_full" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pool_settled" INTEGER NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "sealed_ballot_campaign_id_idx";

-- CreateIndex
CREATE INDEX "sealed_ballot_campaign_id_settled_idx" ON "sealed_ballot"("campaign_id", "settled");

-- An answer in one round trip: wait behind close (which takes the same lock alone), then, in
-- statements that each see what committed before them, check the campaign is open, flip
-- participation and add the ballot, both or neither. Also says how many ballots wait for a shuffle.
CREATE FUNCTION census_record_response(p_campaign UUID, p_employee UUID, p_ballot BYTEA)
    RETURNS TABLE (outcome TEXT, tail INTEGER) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_open BOOLEAN;
    v_before TEXT;
    v_flipped INTEGER;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended(p_campaign::text, 728));
    SELECT status INTO v_before FROM invitation WHERE campaign_id = p_campaign AND employee_id = p_employee;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not-invited'::text, 0;
        RETURN;
    END IF;
    SELECT EXISTS (SELECT 1 FROM campaign WHERE id = p_campaign AND status = 'open') INTO v_open;
    IF NOT v_open THEN
        RETURN QUERY SELECT CASE WHEN v_before = 'responded' THEN 'already-responded' ELSE 'campaign-closed' END, 0;
        RETURN;
    END IF;
    UPDATE invitation SET status = 'responded', responded_on = current_date
        WHERE campaign_id = p_campaign AND employee_id = p_employee AND status <> 'responded';
    GET DIAGNOSTICS v_flipped = ROW_COUNT;
    IF v_flipped = 0 THEN
        RETURN QUERY SELECT 'already-responded'::text, 0;
        RETURN;
    END IF;
    INSERT INTO sealed_ballot (id, campaign_id, sealed) VALUES (gen_random_uuid(), p_campaign, p_ballot);
    RETURN QUERY SELECT 'recorded'::text,
        (SELECT count(*)::int FROM sealed_ballot WHERE campaign_id = p_campaign AND NOT settled);
END $$;
