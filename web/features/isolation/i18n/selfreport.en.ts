import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the self-report page; the compiler checks every zh-CN key is here. */
const selfreport: Messages['selfreport'] = {
  title: 'Health self-report',
  hello: 'Hello, {{name}}',
  today: 'Today is {{date}}',
  shift0: 'Morning',
  shift1: 'Afternoon',
  state: {
    done: 'Reported',
    due: 'Report now',
    overdue: 'Not reported',
    not_yet_due: 'From {{time}}',
    none: 'Not needed',
  },
  doneAt: '{{time}} · {{temperature}} °C',
  formTitle: '{{shift}} temperature',
  formAgain: 'You have reported this one already. If you measured again, you can report again.',
  temperature: 'Temperature',
  temperaturePlaceholder: '--.-',
  temperatureHint: 'Tap a number below or type it',
  temperatureRange: 'Enter a temperature between 34.0 and 43.0',
  down: 'Down 0.1 degree',
  up: 'Up 0.1 degree',
  symptomsTitle: 'Do you have any of these today?',
  symptomsHint: 'Pick all that apply, or “None of these”',
  noSymptoms: 'None of these',
  symptom: {
    fever: 'Fever or chills',
    cough: 'Cough',
    fatigue: 'Feeling weak',
    taste_smell_loss: 'Lost taste or smell',
    diarrhoea: 'Diarrhoea',
    sore_throat: 'Sore throat',
    short_breath: 'Short of breath',
  },
  warnTitle: 'A high temperature or a symptom',
  warnText:
    'Community staff will call you soon after you send this. If you cannot breathe well, call 120 now.',
  submit: 'Send',
  sendFailed: 'It was not sent. Check the network and tap “Send” again (it will not be counted twice).',
  doneTitle: 'Sent',
  doneDetail: '{{shift}} {{time}} · {{temperature}} °C',
  doneConfirm: 'Community staff will check it. Thank you!',
  doneAlert:
    'A high temperature or a symptom: community staff will contact you soon. If you cannot breathe well, call 120 now.',
  again: 'Report again',
  back: 'Back',
  nothingNow: 'Nothing more to report today. See you tomorrow.',
  invalidTitle: 'This link no longer works',
  invalidHint:
    'The isolation has ended or the link was replaced. Ask the community staff if you still need to report.',
  rateLimited: 'Too many tries. Please wait a minute and try again.',
  privacy:
    'Your temperatures are used only to watch your health during this home isolation, by community staff.',
};

export default selfreport;
