-- The language a person reads our messages in (BCP 47, from the roster column `language`); null = not given.
ALTER TABLE "employee" ADD COLUMN "language" TEXT;
