CREATE TABLE `peer_blocks` (
	`owner` text PRIMARY KEY NOT NULL,
	`conversation` integer NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `peer_conversations` (
	`number` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`owner` text,
	`chat` text,
	`lang` text,
	`country` text,
	`thread` integer,
	`header` integer,
	`opened` text,
	`last_active` text,
	`waiting_since` integer,
	`answered` integer,
	`window_start` integer,
	`window_count` integer,
	`off_hours_noted` integer,
	`touched` integer
);
--> statement-breakpoint
CREATE INDEX `peer_conversations_owner` ON `peer_conversations` (`owner`);--> statement-breakpoint
CREATE INDEX `peer_conversations_status` ON `peer_conversations` (`status`);--> statement-breakpoint
CREATE TABLE `peer_pseudonyms` (
	`owner` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `peer_routes` (
	`message` integer PRIMARY KEY NOT NULL,
	`conversation` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`conversation`) REFERENCES `peer_conversations`(`number`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `peer_routes_conversation` ON `peer_routes` (`conversation`);--> statement-breakpoint
CREATE TABLE `peer_topic_cleanup` (
	`thread` integer PRIMARY KEY NOT NULL,
	`delete_after` integer NOT NULL
);
