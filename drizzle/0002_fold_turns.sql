ALTER TABLE `inbound_messages` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `replies` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `effects` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `events` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `answered_at` text;--> statement-breakpoint
-- Added by hand to what drizzle-kit generated: the turns move onto their messages before the table goes.
UPDATE `inbound_messages` SET `seq` = `turns`.`seq`, `replies` = `turns`.`replies`, `effects` = `turns`.`effects`, `events` = `turns`.`events`, `answered_at` = `turns`.`at` FROM `turns` WHERE `turns`.`inbound_id` = `inbound_messages`.`id`;--> statement-breakpoint
DROP TABLE `turns`;--> statement-breakpoint
DROP INDEX `inbound_pending`;--> statement-breakpoint
CREATE INDEX `inbound_pending` ON `inbound_messages` (`received_at`,`id`) WHERE "inbound_messages"."status" = 'pending';
