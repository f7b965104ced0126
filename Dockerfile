# syntax=docker/dockerfile:1
#
# One image recipe for every app of the monorepo. Pick the app with a build argument:
#   docker build --build-arg APP=order-processing -t retailcrm-mindbox/order-processing:dev .
# APP is one of: gateway (default), customer-sync, order-processing, promo-loyalty, sandbox.
# Every image holds the whole dist/, so any of them can run the migrations:
#   docker run --rm -e DATABASE_URL=... IMAGE node dist/libs/common/src/database/migrate.cli.js

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app

# --- compile TypeScript (dist/apps/<app>/src/main.js, dist/libs/..., dist/scripts/...) ---
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# The services (tsc), the settings page and the order-card extension (Vite, each its own package).
RUN npm run ui:install && npm run ext:install && npm run build && npm run ui:build && npm run ext:build

# --- production node_modules only ---
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# --- runtime ---
FROM base AS runtime
# tini is PID 1: it forwards SIGTERM to node and reaps zombies, so the apps' shutdown hooks
# (drain consumers, close connections) run on `docker stop` and on pod termination.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# Files stay owned by root: the app user can read, not change, its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/gateway/ui/dist ./apps/gateway/ui/dist
COPY --from=build /app/apps/order-card/dist ./apps/order-card/dist

ARG APP=gateway
ENV APP=${APP}
# The `node` user of the base image, written as uid:gid so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]
# exec: the shell replaces itself with node, so tini's child is node and signals reach it.
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
