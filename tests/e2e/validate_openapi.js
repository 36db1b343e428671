// Validates an OpenAPI document file with a standard validator (swagger-parser), as code
// generators and API tools would: prints "ok <version> <paths>" or the errors, exit 1.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');

SwaggerParser.validate(process.argv[2])
  .then((api) => console.log(`ok ${api.openapi} ${Object.keys(api.paths).length}`))
  .catch((e) => {
    console.log(`invalid: ${e.message}`);
    process.exit(1);
  });
