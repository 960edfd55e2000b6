FROM node:22-alpine
ONBUILD COPY package.json /app/
onbuild RUN npm ci
ONBUILD --foo CMD ["a"]
HEALTHCHECK NONE
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
