CREATE TABLE `chat_cleanup` (
	`owner` text PRIMARY KEY NOT NULL,
	`chat` text NOT NULL,
	`after_ms` integer NOT NULL,
	`active_day` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scheduled_deletions` (
	`owner` text NOT NULL,
	`chat` text NOT NULL,
	`message_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	PRIMARY KEY(`owner`, `message_id`)
);
