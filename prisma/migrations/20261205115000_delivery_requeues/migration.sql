-- How often the outbox reconciler handed a delivery to its queue again, and whether it gave up on it (marked it
-- unknown) after too many hand-overs: a delivery whose job keeps stopping its worker must not loop forever.
ALTER TABLE "delivery" ADD COLUMN "requeues" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "delivery" ADD COLUMN "given_up" BOOLEAN NOT NULL DEFAULT false;
