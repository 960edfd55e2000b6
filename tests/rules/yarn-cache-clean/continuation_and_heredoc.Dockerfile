# expect: findings
FROM node:22
RUN yarn install \
    # only what runs in production
    --production \
 && yarn build
RUN <<EOF
set -eux
  yarn install --frozen-lockfile
  yarn test
EOF
