-- Key custody: each campaign's private key is sealed to a tally key that only the tally process holds. The public
-- halves are registered here; the private halves never enter the database.

-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "tally_key_id" TEXT;

-- CreateTable
CREATE TABLE "tally_key" (
    "id" TEXT NOT NULL,
    "public_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "tally_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_summary" (
    "campaign_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "delivery_summary_pkey" PRIMARY KEY ("campaign_id","kind","state")
);

-- AddForeignKey
ALTER TABLE "delivery_summary" ADD CONSTRAINT "delivery_summary_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Campaigns started before key custody keep their key wrapped by the sealing secret; the tally process opens them
-- with it (it holds that secret too) and says so at start-up.
UPDATE "campaign" SET "tally_key_id" = 'sealing-secret' WHERE "wrapped_key" IS NOT NULL;
