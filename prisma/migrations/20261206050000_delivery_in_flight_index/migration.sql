-- The outbox reconciler reads unsettled deliveries in keyset pages, the longest due first: a partial index over
-- just those rows, in that order, lets each page read its own rows instead of sorting every unsettled delivery.
-- (Prisma's schema cannot express a partial index; it lives here alone.)
CREATE INDEX "delivery_in_flight_idx" ON "delivery"("not_before", "id")
  WHERE ("state" = 'queued' AND "enqueued") OR "state" = 'sending';
