// Seed 002's image processing pipeline, written with Stepwise's CDK-shaped builder: mark the upload, extract
// its metadata, resize, filter in parallel (grayscale, sepia), then a quality Choice that makes thumbnails,
// stores and notifies by SNS, or fails with QualityCheckFailed. Unlike the article's JSON, the Parallel's
// results go to `$.filtered`, so the Choice still finds `$.metadata.imageQuality`.

import {
  buildDefinition,
  Chain,
  Choice,
  Condition,
  Fail,
  JsonPath,
  LambdaInvoke,
  Parallel,
  Pass,
  SnsPublish,
  Succeed,
  TaskInput,
  type DefinitionJson,
} from '@stepwise/sdk/builder';

const account = 'arn:aws:lambda:us-east-1:123456789012:function';
export const notificationTopic = 'arn:aws:sns:us-east-1:123456789012:image-pipeline-done';

/** A Task calling the local function `name` with the state's input, its result at `resultPath`. */
function step(id: string, name: string, resultPath: string): LambdaInvoke {
  return new LambdaInvoke(id, { lambdaFunction: `${account}:${name}`, payloadResponseOnly: true, resultPath });
}

export function imagePipeline(): DefinitionJson {
  const notAnImage = new Fail('NotAnImage', { error: 'NotAnImage', causePath: '$.error.Cause' });
  const extract = step('ExtractMetadata', 'extract-metadata', '$.metadata').addCatch(notAnImage, {
    errors: ['UnsupportedImage'],
    resultPath: '$.error',
  });
  const filters = new Parallel('ApplyFilters', { resultPath: '$.filtered' }).branch(
    step('Grayscale', 'grayscale', '$'),
    step('Sepia', 'sepia', '$'),
  );
  const notify = new SnsPublish('Notify', {
    topic: notificationTopic,
    message: TaskInput.fromObject({
      image: JsonPath.stringAt('$.image'),
      manifest: JsonPath.stringAt('$.stored.manifest'),
    }),
    resultPath: '$.notification',
  });
  const publish = Chain.start(step('MakeThumbnails', 'thumbnails', '$.thumbnails'))
    .next(step('Store', 'store', '$.stored'))
    .next(notify)
    .next(new Succeed('Done'));
  const quality = new Choice('QualityCheck')
    .when(Condition.stringEquals('$.metadata.imageQuality', 'Pass'), publish)
    .otherwise(
      new Fail('QualityCheckFailed', { error: 'QualityCheckFailed', cause: 'the image is under 16 pixels on a side' }),
    );
  return buildDefinition(
    Chain.start(new Pass('MarkUploaded', { result: 'uploaded', resultPath: '$.status' }))
      .next(extract)
      .next(step('Resize', 'resize', '$.resized'))
      .next(filters)
      .next(quality),
    { comment: 'Image processing pipeline (seed 002)' },
  );
}
