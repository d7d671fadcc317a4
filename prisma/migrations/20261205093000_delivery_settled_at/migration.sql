-- When a delivery settled (sent, unknown, failed, undeliverable, cancelled): how operators see that deliveries
-- still move. Rows settled before this migration keep null.
ALTER TABLE "delivery" ADD COLUMN "settled_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "delivery_settled_at_idx" ON "delivery"("settled_at");
