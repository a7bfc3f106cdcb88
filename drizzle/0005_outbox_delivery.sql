ALTER TABLE `outbox` ADD `next_attempt_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_token` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_until` text;--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`channel`,`id`) WHERE "outbox"."delivered_at" IS NULL;