-- The locale each person's chat platform gives (Slack's, from users.list with include_locale), and the language a
-- campaign's leadership report is written in (the starting admin's). Both nullable: no rewrite of existing rows.
ALTER TABLE "employee" ADD COLUMN "platform_locale" TEXT;
ALTER TABLE "campaign" ADD COLUMN "language" TEXT;
