-- Whether the bot can reach a roster person, as the last reach check found it. Null reason = reachable or not
-- yet checked; reach_checked_at says which. A person who cannot be reached is never invited or counted.
ALTER TABLE "employee" ADD COLUMN "unreachable_reason" TEXT;
ALTER TABLE "employee" ADD COLUMN "reach_checked_at" TIMESTAMPTZ(3);
