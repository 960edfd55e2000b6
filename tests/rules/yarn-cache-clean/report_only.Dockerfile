# expect: findings
FROM node:22
# Corepack runs the Yarn the project names, which may be Yarn 2 or later.
RUN corepack enable
RUN yarn install
# The clean would need the same folder.
RUN yarn install --cache-folder /tmp/yarn-cache
# The script does not end in a command a clean can follow.
RUN yarn install;
