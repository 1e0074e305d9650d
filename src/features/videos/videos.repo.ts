import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { videoExtras, videoFiles, videoOrder } from "./videos.schema.js";

export type FileOrigin = "operator" | "upload";
export type FileKind = "video" | "animation" | "document";

export interface StoredVideoFile {
  slug: string;
  origin: FileOrigin;
  fileId: string;
  kind: FileKind;
  basis: string;
  duration: number | null;
}

export interface ExtraVideo {
  slug: string;
  lang: string;
  title: string;
  description: string;
  createdAt: number;
}

/** File ids and operator-added films. Content only: no row refers to a person. */
export function createVideosRepo(db: Db) {
  return {
    files(): StoredVideoFile[] {
      return db
        .select({
          slug: videoFiles.slug,
          origin: videoFiles.origin,
          fileId: videoFiles.fileId,
          kind: videoFiles.kind,
          basis: videoFiles.basis,
          duration: videoFiles.duration,
        })
        .from(videoFiles)
        .all();
    },
    saveFile(file: StoredVideoFile, at: number): void {
      const { slug, origin, ...rest } = file;
      db.insert(videoFiles)
        .values({ ...file, updatedAt: at })
        .onConflictDoUpdate({ target: [videoFiles.slug, videoFiles.origin], set: { ...rest, updatedAt: at } })
        .run();
    },
    deleteFile(slug: string, origin: FileOrigin): void {
      db.delete(videoFiles)
        .where(and(eq(videoFiles.slug, slug), eq(videoFiles.origin, origin)))
        .run();
    },
    extras(): ExtraVideo[] {
      return db.select().from(videoExtras).orderBy(asc(videoExtras.createdAt), asc(videoExtras.slug)).all();
    },
    /** Removes an operator-added film and its files in one transaction. */
    removeExtra(slug: string): void {
      db.transaction((tx) => {
        tx.delete(videoExtras).where(eq(videoExtras.slug, slug)).run();
        tx.delete(videoFiles).where(eq(videoFiles.slug, slug)).run();
        tx.delete(videoOrder).where(eq(videoOrder.slug, slug)).run();
      });
    },
    /** Slugs in the order an operator set, if they set one. */
    order(): string[] {
      return db
        .select({ slug: videoOrder.slug })
        .from(videoOrder)
        .orderBy(asc(videoOrder.position))
        .all()
        .map((row) => row.slug);
    },
    /** Replaces the stored order with this one. */
    saveOrder(slugs: readonly string[]): void {
      db.transaction((tx) => {
        tx.delete(videoOrder).run();
        if (slugs.length > 0)
          tx.insert(videoOrder)
            .values(slugs.map((slug, position) => ({ slug, position })))
            .run();
      });
    },
    /** Adds a film and its operator file in one transaction. */
    addExtra(extra: ExtraVideo, file: StoredVideoFile): void {
      db.transaction((tx) => {
        tx.insert(videoExtras).values(extra).run();
        tx.insert(videoFiles)
          .values({ ...file, updatedAt: extra.createdAt })
          .onConflictDoUpdate({
            target: [videoFiles.slug, videoFiles.origin],
            set: {
              fileId: file.fileId,
              kind: file.kind,
              basis: file.basis,
              duration: file.duration,
              updatedAt: extra.createdAt,
            },
          })
          .run();
      });
    },
  };
}

export type VideosRepo = ReturnType<typeof createVideosRepo>;
