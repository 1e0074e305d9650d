# syntax=docker/dockerfile:1

# ── Build stage: install production dependencies; better-sqlite3 compiles its native addon
#    here, on the same Debian base and Node version as the runtime stage, so the binary fits.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

# ── Runtime stage: no compilers, a non-root user, the database on a volume.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite \
    REQUIRE_SECRET_KEY=1
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY locales ./locales
COPY drizzle ./drizzle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Webhook mode listens on PORT (default 8080) and answers GET /healthz.
EXPOSE 8080
# Migrations are applied by the bot itself at start-up, before it takes any update.
# Pass BOT_TOKEN, SECRET_KEY (from a secret store) and optionally WEBHOOK_URL at run time.
CMD ["node", "--import", "tsx", "src/main.ts"]
