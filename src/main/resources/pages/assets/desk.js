// The desk's own script (the pages work without it): files over the limit are refused before they are sent.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches || !input.matches('input[type=file][data-max-bytes]')) {
    return;
  }
  var max = Number(input.getAttribute('data-max-bytes'));
  var inputs = input.form.querySelectorAll('input[type=file][data-max-bytes]');
  var total = 0;
  var count = 0;
  inputs.forEach(function (each) {
    for (var i = 0; i < each.files.length; i++) {
      total += each.files[i].size;
      count++;
    }
  });
  var message = document.getElementById('file-size');
  if (total > max) {
    var text = '所选附件合计 ' + (total / 1048576).toFixed(1) + ' MiB，超过 ' + (max / 1048576) + ' MiB 的上限：请减少或压缩附件后重新选择。';
    message.textContent = text;
    input.value = '';
  } else {
    message.textContent = count ? '已选 ' + count + ' 个附件，合计 ' + (total / 1048576).toFixed(2) + ' MiB。' : '';
  }
});
