import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { MENU_DATA } from "../../bot/ui/menu.js";
import { showScreen } from "../../bot/ui/screen.js";
import { pagedFilms, pageFrom, pageOf } from "./videos.keyboards.js";
import { videoTitle } from "./videos.render.js";
import type { VideoLibrary } from "./videos.service.js";

/**
 * Operators' film management (/films): `vfm:l:<page>` the list · `vfm:f:<slug>` a film ·
 * `vfm:u|d:<slug>` move up or down · `vfm:x:<slug>` detach its file (asks), `vfm:xy:<slug>` do it
 * · `vfm:r:<slug>` remove an operator-added film (asks), `vfm:ry:<slug>` do it.
 */
export const manageCodec = callbackCodec("vfm");

/** A film's file as the management screen names it (the keys under films:file). */
const FILE_TEXT = { operator: "films:file.operator", content: "films:file.content", none: "films:file.none" } as const;

/**
 * /films for operators: the list everyone sees, paged, with a mark for films that have a file;
 * per film: move it up or down, detach the file an operator attached, remove a film an operator
 * added. Every press is checked against ADMIN_IDS again; the screens edit one message in place.
 */
export function manageFilms(library: VideoLibrary): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const operators = composer.chatType("private").filter((ctx) => ctx.app.isAdmin(ctx.from.id));

  async function showList(ctx: BotContext, page: number): Promise<void> {
    const films = library.entries();
    const keyboard = pagedFilms(
      new InlineKeyboard(),
      ctx.t,
      films,
      page,
      (video, index) => [
        ctx.t("videos:attach.item", {
          n: index + 1,
          title: videoTitle(video, ctx.lang),
          mark: library.fileSource(video) === "none" ? "▫️" : "✅",
        }),
        manageCodec.encode("f", video.slug),
      ],
      (p) => manageCodec.encode("l", p),
    ).text(ctx.t("common:menu.back"), MENU_DATA);
    await showScreen(ctx, ctx.t("films:list"), { keyboard });
  }

  async function showFilm(ctx: BotContext, slug: string): Promise<void> {
    const films = library.entries();
    const index = films.findIndex((video) => video.slug === slug);
    const video = films[index];
    if (!video) {
      await ctx.answerCallbackQuery({ text: ctx.t("videos:gone") });
      return showList(ctx, 0);
    }
    const source = library.fileSource(video);
    const keyboard = new InlineKeyboard();
    if (index > 0) keyboard.text(ctx.t("films:move.up"), manageCodec.encode("u", slug));
    if (index < films.length - 1) keyboard.text(ctx.t("films:move.down"), manageCodec.encode("d", slug));
    keyboard.row();
    if (source === "operator") keyboard.text(ctx.t("films:detach.button"), manageCodec.encode("x", slug)).row();
    if (video.origin === "operator") keyboard.text(ctx.t("films:remove.button"), manageCodec.encode("r", slug)).row();
    keyboard.text(ctx.t("films:back"), manageCodec.encode("l", pageOf(index)));
    const text = ctx.t("films:film", {
      n: index + 1,
      title: videoTitle(video, ctx.lang),
      file: ctx.t(FILE_TEXT[source]),
      origin: ctx.t(video.origin === "operator" ? "films:origin.operator" : "films:origin.content"),
    });
    await showScreen(ctx, text, { keyboard });
  }

  async function confirm(ctx: BotContext, slug: string, kind: "detach" | "remove"): Promise<void> {
    const video = library.find(slug);
    if (!video) return showFilm(ctx, slug);
    const yes = kind === "detach" ? "xy" : "ry";
    await showScreen(ctx, ctx.t(`films:${kind}.confirm`, { title: videoTitle(video, ctx.lang) }), {
      keyboard: new InlineKeyboard()
        .text(ctx.t(`films:${kind}.yes`), manageCodec.encode(yes, slug))
        .text(ctx.t("videos:flow.cancel"), manageCodec.encode("f", slug)),
    });
  }

  operators.command("films", (ctx) => showList(ctx, 0));
  operators.callbackQuery(manageCodec.pattern, async (ctx) => {
    const [action, arg = ""] = manageCodec.decode(ctx.callbackQuery.data) ?? [];
    const log = ctx.app.logger.child({ feature: "videos" });
    switch (action) {
      case "l":
        return showList(ctx, pageFrom(arg, library.entries().length));
      case "f":
        return showFilm(ctx, arg);
      case "u":
      case "d":
        if (library.move(arg, action === "u" ? -1 : 1)) log.info({ video: arg }, "an operator moved a film");
        return showFilm(ctx, arg);
      case "x":
        return confirm(ctx, arg, "detach");
      case "r":
        return confirm(ctx, arg, "remove");
      case "xy": {
        const video = library.find(arg);
        if (video && library.fileSource(video) === "operator") {
          library.detach(arg);
          log.info({ video: arg }, "an operator detached a film's file");
          await ctx.answerCallbackQuery({ text: ctx.t("films:detach.done") });
        }
        return showFilm(ctx, arg);
      }
      case "ry": {
        const index = library.entries().findIndex((video) => video.slug === arg);
        if (!library.remove(arg)) return showFilm(ctx, arg);
        log.info({ video: arg }, "an operator removed a film");
        await ctx.answerCallbackQuery({ text: ctx.t("films:remove.done") });
        return showList(ctx, pageFrom(String(pageOf(index)), library.entries().length));
      }
      default:
        await ctx.answerCallbackQuery({ text: ctx.t("videos:flow.expired") });
    }
  });
  // Anyone else pressing such a button (a former operator, forged data): nothing happens.
  composer.callbackQuery(manageCodec.pattern, (ctx) => ctx.answerCallbackQuery({ text: ctx.t("videos:flow.expired") }));
  return composer;
}
