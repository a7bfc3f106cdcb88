ALTER TABLE `inbound_messages` ADD `flow` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `node` text;