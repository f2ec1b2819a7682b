# syntax=docker/dockerfile:1
#
# PRIMA container image: the dashboard is built with Node, embedded into a
# static Go binary, and shipped on a small Alpine base as a non-root user.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t prima .
#   docker run -p 8080:8080 --env-file .env prima

# --- 1. dashboard ------------------------------------------------------------
FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/frontend
# npm 11, as on the development machines: the lock file is written with it.
RUN npm install -g npm@11 --no-audit --no-fund
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- 2. server ---------------------------------------------------------------
FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Replace whatever dist/ the context had with the dashboard built above.
RUN rm -rf frontend/dist
COPY --from=dashboard /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/prima ./cmd/prima

# --- 3. runtime --------------------------------------------------------------
FROM alpine:3.22
# ca-certificates: TLS to Clerk, providers, S3; tzdata: patients' IANA time zones.
# wget (busybox) answers the health check.
RUN apk add --no-cache ca-certificates tzdata \
 && addgroup -S -g 10001 prima \
 && adduser -S -D -H -u 10001 -G prima -h /var/lib/prima prima \
 && mkdir -p /var/lib/prima/data \
 && chown -R prima:prima /var/lib/prima
COPY --from=server /out/prima /prima

# With no DATABASE_URL, PRIMA keeps SQLite and uploads under PRIMA_DATA_DIR:
# mount a volume there for a single-instance deployment.
ENV PRIMA_ADDR=:8080 \
    PRIMA_DATA_DIR=/var/lib/prima/data
WORKDIR /var/lib/prima
VOLUME ["/var/lib/prima/data"]
USER prima:prima
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1

ENTRYPOINT ["/prima"]
CMD ["serve"]
