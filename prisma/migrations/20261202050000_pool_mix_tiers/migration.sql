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
