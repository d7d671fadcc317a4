-- AlterTable
ALTER TABLE "campaign" ADD COLUMN     "low_uptake_percent" INTEGER NOT NULL DEFAULT 50,
ADD COLUMN     "reminder_every_days" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN     "reminder_max" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'Europe/London',
ADD COLUMN     "working_hours" TEXT NOT NULL DEFAULT '09:00-17:00,mon-fri';

-- CreateTable
CREATE TABLE "delivery" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "wave" INTEGER NOT NULL DEFAULT 0,
    "employee_id" UUID,
    "recipient" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued" BOOLEAN NOT NULL DEFAULT false,
    "platform_ref" TEXT,
    "payload" JSONB,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_wave" (
    "campaign_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaign_wave_pkey" PRIMARY KEY ("campaign_id","kind","wave")
);

-- CreateIndex
CREATE INDEX "delivery_campaign_id_state_idx" ON "delivery"("campaign_id", "state");

-- CreateIndex
CREATE INDEX "delivery_state_enqueued_idx" ON "delivery"("state", "enqueued");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_campaign_id_kind_wave_recipient_key" ON "delivery"("campaign_id", "kind", "wave", "recipient");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_wave" ADD CONSTRAINT "campaign_wave_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing invitations move into the outbox. A claimed one ("sending") may have gone out: unknown, never resent alone.
INSERT INTO "delivery" ("id", "campaign_id", "kind", "wave", "employee_id", "recipient", "state", "platform_ref")
SELECT gen_random_uuid(), i."campaign_id", 'invite', 0, i."employee_id", i."employee_id"::text,
       CASE
           WHEN i."status" = 'pending' THEN 'queued'
           WHEN i."status" IN ('sending', 'unknown') THEN 'unknown'
           WHEN i."status" = 'undeliverable' THEN 'undeliverable'
           WHEN i."message_ts" IS NOT NULL THEN 'sent'
           ELSE 'cancelled'
       END,
       CASE WHEN i."message_ts" IS NOT NULL THEN i."dm_channel" || ':' || i."message_ts" END
FROM "invitation" i JOIN "campaign" c ON c."id" = i."campaign_id"
WHERE c."status" IN ('open', 'closing');

-- The ledger keeps participation only; delivery states live in the outbox.
UPDATE "invitation" SET "status" = 'pending' WHERE "status" IN ('sending', 'unknown');

-- The new campaign settings are frozen like the others.
CREATE OR REPLACE FUNCTION census_freeze_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.min_cell_size IS DISTINCT FROM OLD.min_cell_size OR
        NEW.min_group_headcount IS DISTINCT FROM OLD.min_group_headcount OR
        NEW.shuffle_size IS DISTINCT FROM OLD.shuffle_size OR
        NEW.retention_days IS DISTINCT FROM OLD.retention_days OR
        NEW.questions IS DISTINCT FROM OLD.questions OR
        NEW.grade_order IS DISTINCT FROM OLD.grade_order OR
        NEW.reminder_max IS DISTINCT FROM OLD.reminder_max OR
        NEW.reminder_every_days IS DISTINCT FROM OLD.reminder_every_days OR
        NEW.low_uptake_percent IS DISTINCT FROM OLD.low_uptake_percent OR
        NEW.working_hours IS DISTINCT FROM OLD.working_hours OR
        NEW.time_zone IS DISTINCT FROM OLD.time_zone OR
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
