# syntax=docker/dockerfile:1
# Builds the powermap binary and runs it as a non-root user on a distroless
# base. docker-compose.yml runs it against the official Neo4j image.
#
#   docker build -t powermap .
#   docker run -p 127.0.0.1:8080:8080 powermap
#
# Without NEO4J_URI the container keeps its map in the embedded store under
# /home/nonroot/powermap-data; mount a volume there to keep it.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary: the runtime image has no C library.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/powermap ./cmd/powermap

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/powermap /usr/local/bin/powermap
# distroless's nonroot user, uid 65532.
USER 65532:65532
WORKDIR /home/nonroot
ENV POWERMAP_DATA=/home/nonroot/powermap-data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/powermap"]
# Inside a container the server must listen on every interface; publish the
# port on the host's loopback, or put TLS in front.
CMD ["serve", "--addr", "0.0.0.0:8080", "--allow-remote"]
