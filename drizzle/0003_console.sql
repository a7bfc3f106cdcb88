CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_target` ON `audit_log` (`target`,`id`);--> statement-breakpoint
CREATE TABLE `handoff_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`author` text NOT NULL,
	`note` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handoff_notes_conversation` ON `handoff_notes` (`conversation_id`,`at`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_name` ON `login_failures` (`name`,`at`);--> statement-breakpoint
CREATE TABLE `operator_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`csrf_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE INDEX `operator_sessions_operator` ON `operator_sessions` (`operator_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_name_unique` ON `operators` (`name`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`turn_id` text NOT NULL,
	`idx` integer NOT NULL,
	`channel` text NOT NULL,
	`reply` text NOT NULL,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_turn` ON `outbox` (`turn_id`,`idx`);--> statement-breakpoint
CREATE INDEX `outbox_conversation` ON `outbox` (`conversation_id`,`id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_ref` ON `conversations` (`ref`);--> statement-breakpoint
ALTER TABLE `handoffs` ADD `urgency` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `claimed_at` text;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `from_flow` text;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `from_node` text;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `closed_at` text;--> statement-breakpoint
-- Added by hand to what drizzle-kit generated: the audit is append-only, and queued reports keep their urgency.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
UPDATE `handoffs` SET `urgency` = 'emergency' WHERE `reason` = 'report_emergency';--> statement-breakpoint
UPDATE `handoffs` SET `urgency` = 'urgent' WHERE `reason` = 'report_urgent';
