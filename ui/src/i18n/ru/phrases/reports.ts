// Русский для фраз модуля crates/core/src/reports (ключи и английский — в ui/src/bindings/phrases.ts).
import type { Message } from '../../translate';
import type { PhraseKey } from '../../phrase';

export const reports = {
  // Отчёты (crates/core/src/reports/mod.rs).
  'reports.period_empty': 'Период должен заканчиваться позже, чем начинается',
  'reports.period_too_long': 'Отчёт охватывает не больше {days} дней',
  // Рабочее время (crates/core/src/reports/schedule.rs).
  'schedule.unknown_zone': '«{zone}» — не часовой пояс: укажите имя из базы IANA, например Europe/Moscow',
  'schedule.no_zone_database': 'На этом компьютере нет базы часовых поясов, поэтому пояс «{zone}» недоступен: установите системный пакет tzdata',
  'schedule.bad_weekday': 'Дни недели нумеруются от 1 (понедельник) до 7 (воскресенье), а не {weekday}',
  'schedule.weekday_twice': 'День {weekday} указан дважды: соберите все его интервалы в одну запись',
  'schedule.bad_time': '«{time}» — не время суток: пишите ЧЧ:ММ, от 00:00 до 24:00',
  'schedule.starts_at_24': 'Интервал не может начинаться в 24:00: начните его в 00:00 следующего дня',
  'schedule.too_many_intervals': 'В одном дне не больше {max} интервалов',
  'schedule.overlap': 'Интервал {interval} дня {weekday} пересекается с интервалом {other} дня {other_weekday} (дни: 1 — понедельник … 7 — воскресенье)',
  'schedule.no_hours': 'В расписании нет рабочих часов: добавьте интервал или уберите расписание, чтобы считать календарное время',
  'schedule.bad_holiday': '«{date}» — не дата: пишите ГГГГ-ММ-ДД',
  'schedule.too_many_holidays': 'В расписании не больше {max} праздничных дней',
} satisfies Partial<Record<PhraseKey, Message>>;
