CREATE TABLE `case_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_number` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_attempts_number` ON `case_attempts` (`case_number`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`case_number` text PRIMARY KEY NOT NULL,
	`submission_key` text NOT NULL,
	`source` text NOT NULL,
	`conversation_id` text,
	`status` text NOT NULL,
	`urgency` text NOT NULL,
	`concerns` text NOT NULL,
	`region` text,
	`place` text,
	`age` real,
	`what` text NOT NULL,
	`in_danger` integer,
	`happening_now` integer,
	`hurt` integer,
	`reporter_role` text,
	`anonymous` integer NOT NULL,
	`reporter_sealed` text,
	`pin_sealed` text NOT NULL,
	`key_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_submission` ON `cases` (`submission_key`);--> statement-breakpoint
ALTER TABLE `handoffs` ADD `case_number` text;