CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`user_key` text NOT NULL,
	`seq` integer NOT NULL,
	`mode` text NOT NULL,
	`flow` text,
	`node` text,
	`state` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `handoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handoffs_conversation` ON `handoffs` (`conversation_id`,`status`);--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` text NOT NULL,
	`status` text NOT NULL,
	`response` text
);
--> statement-breakpoint
CREATE INDEX `inbound_pending` ON `inbound_messages` (`status`);--> statement-breakpoint
CREATE TABLE `turns` (
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`inbound_id` text NOT NULL,
	`replies` text NOT NULL,
	`effects` text NOT NULL,
	`events` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `seq`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `turns_inbound` ON `turns` (`inbound_id`);