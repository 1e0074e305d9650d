CREATE TABLE `daily_counters` (
	`day` text NOT NULL,
	`metric` text NOT NULL,
	`dims` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `metric`, `dims`)
);
--> statement-breakpoint
CREATE TABLE `video_extras` (
	`slug` text PRIMARY KEY NOT NULL,
	`lang` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `video_files` (
	`slug` text NOT NULL,
	`origin` text NOT NULL,
	`file_id` text NOT NULL,
	`kind` text NOT NULL,
	`basis` text NOT NULL,
	`duration` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`slug`, `origin`)
);
