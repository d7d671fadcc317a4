-- Who runs a campaign, as its invitations say: a named team or person, a contact, a privacy-notice URL and an
-- optional short message from a leader. Given on start (or from the deployment's defaults); null = not given.
ALTER TABLE "campaign" ADD COLUMN "run_by" TEXT;
ALTER TABLE "campaign" ADD COLUMN "contact" TEXT;
ALTER TABLE "campaign" ADD COLUMN "privacy_url" TEXT;
ALTER TABLE "campaign" ADD COLUMN "leader_message" TEXT;
