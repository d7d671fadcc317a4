-- Participation releases (progress posts, manager nudges, status in a channel) are compared with the latest
-- earlier release of each figure, and several can share a day: record when each was made. Existing rows get the
-- time of this migration, in their id order at best; they predate the rule, which starts from what is published next.

-- AlterTable
ALTER TABLE "release" ADD COLUMN     "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP;
