# syntax=docker/dockerfile:1
#
# polytask in a container: one static-stdlib binary on debian:bookworm-slim, run as a non-root
# user, listening on [::]:8080 (dual-stack), with its SQLite file on the /data volume.
#
#   docker build -t polytask .            (or: make docker)
#   docker run --rm -p 8080:8080 -v polytask-data:/data polytask
#   docker compose up                     (docker-compose.yml: env vars and a seed file)
#
# Configuration is by environment (POLYTASK_DB, POLYTASK_AUTH, POLYTASK_SEED, the limits'
# POLYTASK_* variables; see `polytask --help`) or by flags after the image name. The host is
# not loopback, so the control plane (/_polytask/ beyond health and readiness) stays closed
# until POLYTASK_ADMIN_TOKEN is set; clients then send `Authorization: Bearer <token>` there.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build -------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest names every target, tests included, so the whole (filtered) tree is needed;
# .dockerignore keeps build folders, venvs and databases out of the context.
COPY . .
# --static-swift-stdlib links the Swift runtime in, and no target imports Foundation, so the
# runtime image needs only libc, libstdc++ and libsqlite3. swift-backtrace-static symbolicates
# a crash in the logs.
RUN swift build -c release --product polytask --static-swift-stdlib \
 && mkdir -p /out \
 && cp "$(swift build -c release --show-bin-path)/polytask" /out/polytask \
 && cp /usr/libexec/swift/linux/swift-backtrace-static /out/swift-backtrace-static

# ---- runtime -----------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin polytask \
 && mkdir -p /data \
 && chown polytask:polytask /data

COPY --from=build /out/polytask /usr/local/bin/polytask
COPY --from=build /out/swift-backtrace-static /usr/local/libexec/swift-backtrace-static

ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/swift-backtrace-static \
    POLYTASK_HOST=:: \
    POLYTASK_PORT=8080 \
    POLYTASK_DB=/data/polytask.db

VOLUME ["/data"]
WORKDIR /data
USER polytask:polytask
EXPOSE 8080

# The image has no curl: bash's /dev/tcp sends the request and the status line is checked.
# /_polytask/health answers 200 only once the store is open.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${POLYTASK_PORT:-8080} && printf 'GET /_polytask/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && timeout 2 head -c 12 <&3 | grep -q ' 200'"]

# SIGTERM (docker stop) drains in-flight requests and checkpoints the store before exiting.
STOPSIGNAL SIGTERM
# --host ::, the port and the db come from the POLYTASK_* variables above (a flag would
# override what a user sets in the environment); flags after the image name still win.
ENTRYPOINT ["/usr/local/bin/polytask"]
CMD []
