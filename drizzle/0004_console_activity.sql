ALTER TABLE `operator_sessions` ADD `last_active_at` text;--> statement-breakpoint
-- Added by hand to what drizzle-kit generated: before the index, a conversation queued twice by
-- older versions keeps its oldest open item (raised to the highest urgency); the others close.
UPDATE `handoffs` SET `urgency` = (SELECT CASE max(CASE h.`urgency` WHEN 'emergency' THEN 3 WHEN 'urgent' THEN 2 ELSE 1 END) WHEN 3 THEN 'emergency' WHEN 2 THEN 'urgent' ELSE 'standard' END FROM `handoffs` h WHERE h.`conversation_id` = `handoffs`.`conversation_id` AND h.`status` IN ('queued', 'assigned')) WHERE `status` IN ('queued', 'assigned');--> statement-breakpoint
UPDATE `handoffs` SET `status` = 'closed' WHERE `status` IN ('queued', 'assigned') AND rowid NOT IN (SELECT min(rowid) FROM `handoffs` WHERE `status` IN ('queued', 'assigned') GROUP BY `conversation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `handoffs_open` ON `handoffs` (`conversation_id`) WHERE "handoffs"."status" IN ('queued', 'assigned');
