-- Leavers: when a person was taken off the roster (`npm run roster -- import --full` or `remove`). An inactive
-- person is never invited or counted; once the retention period has passed since they left and no campaign's ledger
-- still names them, their row (every personal field) is deleted.
ALTER TABLE "employee" ADD COLUMN "deactivated_at" TIMESTAMPTZ(3);
UPDATE "employee" SET "deactivated_at" = "updated_at" WHERE NOT "active";
