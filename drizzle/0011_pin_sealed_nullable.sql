PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_cases` (
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
	`pin_sealed` text,
	`key_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`assigned_to` text,
	`close_reason` text
);
--> statement-breakpoint
INSERT INTO `__new_cases`("case_number", "submission_key", "source", "conversation_id", "status", "urgency", "concerns", "region", "place", "age", "what", "in_danger", "happening_now", "hurt", "reporter_role", "anonymous", "reporter_sealed", "pin_sealed", "key_id", "created_at", "updated_at", "assigned_to", "close_reason") SELECT "case_number", "submission_key", "source", "conversation_id", "status", "urgency", "concerns", "region", "place", "age", "what", "in_danger", "happening_now", "hurt", "reporter_role", "anonymous", "reporter_sealed", "pin_sealed", "key_id", "created_at", "updated_at", "assigned_to", "close_reason" FROM `cases`;--> statement-breakpoint
DROP TABLE `cases`;--> statement-breakpoint
ALTER TABLE `__new_cases` RENAME TO `cases`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_submission` ON `cases` (`submission_key`);--> statement-breakpoint
CREATE INDEX `cases_created` ON `cases` (`created_at`);