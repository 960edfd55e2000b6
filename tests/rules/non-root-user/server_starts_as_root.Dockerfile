# expect: findings
# The nginx image's own command starts nginx as root, which then runs its workers as `nginx`:
# as another user it cannot write its pid file and cache. Reported, not fixed.
FROM node:22-alpine AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27-alpine
COPY --from=build /src/dist /usr/share/nginx/html
