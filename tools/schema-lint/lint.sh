#!/bin/sh
# Lints the schema with graphql-schema-linter (pinned in package.json; run
# `npm ci` here first): Relay's connection, argument and PageInfo rules, and
# a description on every type, field, argument, enum value and input field.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/node_modules/.bin/graphql-schema-linter" \
  --rules relay-connection-types-spec,relay-connection-arguments-spec,relay-page-info-spec,types-have-descriptions,fields-have-descriptions,arguments-have-descriptions,enum-values-have-descriptions,input-object-values-have-descriptions,deprecations-have-a-reason \
  "$here/../../schema/*.graphqls"
