import { describe, expect, it } from "vitest";
import { callbackCodec } from "../../src/bot/ui/callback-data.js";
import { formatStartPayload, parseStartPayload } from "../../src/bot/ui/deep-link.js";

describe("callbackCodec", () => {
  const codec = callbackCodec("v");

  it("round-trips parts", () => {
    const data = codec.encode("play", 3);
    expect(data).toBe("v:play:3");
    expect(codec.decode(data)).toEqual(["play", "3"]);
    expect(codec.decode(codec.encode())).toEqual([]);
  });

  it("rejects data of other features, forged and malformed data", () => {
    expect(codec.decode("vx:1")).toBeUndefined();
    expect(codec.decode("lang:ru")).toBeUndefined();
    expect(codec.decode("v:<script>")).toBeUndefined();
    expect(codec.decode(undefined)).toBeUndefined();
  });

  it("refuses to build data over 64 bytes or with user text", () => {
    expect(() => codec.encode("x".repeat(63))).toThrow(/64 bytes/);
    expect(() => codec.encode("ქართული")).toThrow(/characters/);
    expect(() => codec.encode("a:b")).toThrow();
  });
});

describe("deep-link payloads", () => {
  it("parses route, argument and source", () => {
    expect(parseStartPayload("video-3__batumi-2026")).toEqual({ route: "video", arg: "3", source: "batumi-2026" });
    expect(parseStartPayload("videos")).toEqual({ route: "videos", arg: "", source: undefined });
    expect(parseStartPayload("__partner")).toEqual({ route: "", arg: "", source: "partner" });
  });

  it("rejects malformed payloads", () => {
    for (const bad of ["", "a b", "x".repeat(65), "v__a__b", "Video-1", "v__", "привет"]) {
      expect(parseStartPayload(bad)).toBeUndefined();
    }
  });

  it("formats only valid payloads", () => {
    expect(formatStartPayload("video", "3", "meeting")).toBe("video-3__meeting");
    expect(() => formatStartPayload("video", "3", "bad source")).toThrow();
  });
});
