-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "employee" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "manager_email" TEXT,
    "slack_user_id" TEXT,
    "teams_user_id" TEXT,
    "timezone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "questions" TEXT[],
    "channel" TEXT NOT NULL,
    "target_rate" INTEGER NOT NULL,
    "closes_on" DATE NOT NULL,
    "min_cell_size" INTEGER NOT NULL,
    "public_key" BYTEA NOT NULL,
    "wrapped_key" BYTEA,
    "started_by" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "report" JSONB,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_group" (
    "campaign_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "members" TEXT[],

    CONSTRAINT "campaign_group_pkey" PRIMARY KEY ("campaign_id","name")
);

-- CreateTable
CREATE TABLE "invitation" (
    "campaign_id" UUID NOT NULL,
    "employee_id" UUID NOT NULL,
    "report_group" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dm_channel" TEXT,
    "message_ts" TEXT,
    "responded_on" DATE,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("campaign_id","employee_id")
);

-- CreateTable
CREATE TABLE "sealed_ballot" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "sealed" BYTEA NOT NULL,

    CONSTRAINT "sealed_ballot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "employee_email_key" ON "employee"("email");

-- CreateIndex
CREATE UNIQUE INDEX "employee_slack_user_id_key" ON "employee"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "employee_teams_user_id_key" ON "employee"("teams_user_id");

-- CreateIndex
CREATE INDEX "invitation_campaign_id_status_idx" ON "invitation"("campaign_id", "status");

-- CreateIndex
CREATE INDEX "sealed_ballot_campaign_id_idx" ON "sealed_ballot"("campaign_id");

-- AddForeignKey
ALTER TABLE "campaign_group" ADD CONSTRAINT "campaign_group_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sealed_ballot" ADD CONSTRAINT "sealed_ballot_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

