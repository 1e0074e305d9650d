CREATE TABLE `video_order` (
	`slug` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL
);
