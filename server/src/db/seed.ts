import type { Db } from './knex';
import { hashPassword } from '../auth/passwords';
import { SchedulingRepository } from '../scheduling/repository';
import { SchedulingService } from '../scheduling/service';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/** Demo accounts; printed at start-up in development. Never seeded in production. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'clerk', email: 'clerk@oac.example', password: 'demo-clerk-2026' },
  { role: 'clerk', email: 'housing.clerk@oac.example', password: 'demo-clerk-2026' },
  { role: 'scheduler', email: 'scheduler@oac.example', password: 'demo-scheduler-2026' },
  { role: 'scheduler', email: 'housing.scheduler@oac.example', password: 'demo-scheduler-2026' },
  { role: 'clerk', email: 'clerk2@oac.example', password: 'demo-clerk-2026' },
  { role: 'clerk', email: 'santmarti.clerk@oac.example', password: 'demo-clerk-2026' },
  { role: 'admin', email: 'admin@oac.example', password: 'demo-admin-2026' },
];

const OFFICES = [
  {
    slug: 'oac-ciutat-vella',
    kind: 'oac',
    ticket_prefix: 'OAC',
    name_ca: "Oficina d'Atenció Ciutadana Ciutat Vella",
    name_es: 'Oficina de Atención Ciudadana Ciutat Vella',
    name_en: 'Citizen Service Office, Ciutat Vella',
    address: 'Plaça de Sant Miquel, 3',
  },
  {
    slug: 'habitatge-eixample',
    kind: 'housing',
    ticket_prefix: 'HAB',
    name_ca: "Oficina d'Habitatge de l'Eixample",
    name_es: 'Oficina de Vivienda del Eixample',
    name_en: 'Eixample Housing Office',
    address: 'Carrer del Consell de Cent, 329',
  },
  {
    slug: 'habitatge-sant-marti',
    kind: 'housing',
    ticket_prefix: 'HSM',
    name_ca: "Oficina d'Habitatge de Sant Martí",
    name_es: 'Oficina de Vivienda de Sant Martí',
    name_en: 'Sant Martí Housing Office',
    address: 'Carrer de Pujades, 350',
  },
] as const;

type ServiceSeed = [code: string, ca: string, es: string, en: string, dca: string, des: string, den: string];
const SERVICES: Record<string, ServiceSeed[]> = {
  'oac-ciutat-vella': [
    [
      'PADRO',
      'Alta o canvi al padró',
      'Alta o cambio en el padrón',
      'Register or update your census record',
      "Inscripció al padró municipal o canvi d'adreça.",
      'Inscripción en el padrón municipal o cambio de domicilio.',
      'Enrol in the municipal register or change your address.',
    ],
    [
      'CONVIV',
      'Certificat de convivència',
      'Certificado de convivencia',
      'Certificate of cohabitation',
      'Certificat de les persones que viuen en un domicili.',
      'Certificado de las personas que viven en un domicilio.',
      'Certificate of who lives at an address.',
    ],
    [
      'TAXES',
      'Taxes i impostos municipals',
      'Tasas e impuestos municipales',
      'Municipal taxes and fees',
      'Consultes i tràmits sobre rebuts i impostos.',
      'Consultas y trámites sobre recibos e impuestos.',
      'Questions and procedures about bills and taxes.',
    ],
  ],
  'habitatge-eixample': [
    [
      'LLOGUER',
      'Ajuts al lloguer',
      'Ayudas al alquiler',
      'Rent assistance',
      "Sol·licitud i seguiment d'ajuts al pagament del lloguer.",
      'Solicitud y seguimiento de ayudas al pago del alquiler.',
      'Applying for and following up rent assistance.',
    ],
    [
      'CEDULA',
      "Cèdula d'habitabilitat",
      'Cédula de habitabilidad',
      'Certificate of habitability',
      "Tramitació de la cèdula d'habitabilitat d'un habitatge.",
      'Tramitación de la cédula de habitabilidad de una vivienda.',
      'Processing the habitability certificate of a home.',
    ],
  ],
};

/** What each procedure asks the citizen to bring, by code (ca, es, en). */
const DOCUMENTS: Record<string, [string, string, string][]> = {
  PADRO: [
    ['DNI, NIE o passaport', 'DNI, NIE o pasaporte', 'ID card, NIE or passport'],
    [
      "Contracte de lloguer o escriptura de l'habitatge",
      'Contrato de alquiler o escritura de la vivienda',
      'Rental contract or title deed of the home',
    ],
  ],
  CONVIV: [['DNI, NIE o passaport', 'DNI, NIE o pasaporte', 'ID card, NIE or passport']],
  TAXES: [['El rebut o la notificació', 'El recibo o la notificación', 'The bill or the notice']],
  LLOGUER: [
    ['Contracte de lloguer', 'Contrato de alquiler', 'Rental contract'],
    ['Rebuts dels darrers tres mesos', 'Recibos de los últimos tres meses', 'Receipts of the last three months'],
  ],
  CEDULA: [
    ["Certificat de l'arquitecte o aparellador", 'Certificado del arquitecto o aparejador', "The architect's or surveyor's certificate"],
  ],
};

/** Procedures of the catalogue that an office offers too, beside those it brings (one procedure, several offices). */
const ALSO_OFFERS: Record<string, string[]> = { 'habitatge-sant-marti': ['LLOGUER', 'CEDULA'] };

/** Opening hours per office, Monday to Friday (ISO weekdays 1–5). */
const HOURS: Record<string, { weekdays: number[]; opens: string; closes: string }[]> = {
  'oac-ciutat-vella': [
    { weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '14:30' },
    { weekdays: [1, 2, 3, 4, 5], opens: '15:30', closes: '19:40' },
  ],
  'habitatge-eixample': [
    { weekdays: [1, 2, 3, 4, 5], opens: '09:00', closes: '14:00' },
    { weekdays: [2, 4], opens: '16:00', closes: '18:40' },
  ],
  'habitatge-sant-marti': [{ weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '13:30' }],
};

/**
 * Barcelona's public holidays of 2026 and 2027, national, Catalan and local (Segona Pasqua and La
 * Mercè), as the Generalitat's and the council's calendars publish them. They belong to the whole
 * city (no office), so every office keeps them.
 */
export const BARCELONA_HOLIDAYS: [date: string, name: string][] = [
  ['2026-01-01', 'Any Nou'],
  ['2026-01-06', 'Reis'],
  ['2026-04-03', 'Divendres Sant'],
  ['2026-04-06', 'Dilluns de Pasqua Florida'],
  ['2026-05-01', 'Festa del Treball'],
  ['2026-05-25', 'Segona Pasqua (festa local)'],
  ['2026-06-24', 'Sant Joan'],
  ['2026-08-15', "L'Assumpció"],
  ['2026-09-11', 'Diada Nacional de Catalunya'],
  ['2026-09-24', 'La Mercè (festa local)'],
  ['2026-10-12', 'Festa Nacional d’Espanya'],
  ['2026-11-01', 'Tots Sants'],
  ['2026-12-06', 'Dia de la Constitució'],
  ['2026-12-08', 'La Immaculada'],
  ['2026-12-25', 'Nadal'],
  ['2026-12-26', 'Sant Esteve'],
  ['2027-01-01', 'Any Nou'],
  ['2027-01-06', 'Reis'],
  ['2027-03-26', 'Divendres Sant'],
  ['2027-03-29', 'Dilluns de Pasqua Florida'],
  ['2027-05-01', 'Festa del Treball'],
  ['2027-05-17', 'Segona Pasqua (festa local)'],
  ['2027-06-24', 'Sant Joan'],
  ['2027-08-15', "L'Assumpció"],
  ['2027-09-11', 'Diada Nacional de Catalunya'],
  ['2027-09-24', 'La Mercè (festa local)'],
  ['2027-10-12', 'Festa Nacional d’Espanya'],
  ['2027-11-01', 'Tots Sants'],
  ['2027-12-06', 'Dia de la Constitució'],
  ['2027-12-08', 'La Immaculada'],
  ['2027-12-25', 'Nadal'],
  ['2027-12-26', 'Sant Esteve'],
];

/**
 * Idempotent: creates the offices, the catalogue, the city's holidays, the staff, opening hours
 * and rosters once; and on every run regenerates every office's slots for the horizon, so a
 * long-lived development database always has free slots, made the way a scheduler's plan makes them.
 */
export async function seedDemo(db: Db, horizonWeeks = 8): Promise<void> {
  const existing = await db('offices').count<{ count: number }[]>({ count: '*' }).first();
  if (Number(existing?.count ?? 0) === 0) await seedCatalogue(db);
  const queues = await db('queues').count<{ count: number }[]>({ count: '*' }).first();
  if (Number(queues?.count ?? 0) === 0) await seedQueues(db);
  const scheduling = new SchedulingService(db, new SchedulingRepository(), { horizonWeeks });
  for (const { id } of await db('offices').select('id').where({ active: true })) {
    await scheduling.regenerate(null, id, { system: true });
  }
}

/**
 * The single window's queues: the Hisenda (tax), Guàrdia Urbana (police) and OAC windows rank
 * first; each procedure of the catalogue goes to one; uncatalogued matters to the general queue.
 * Code, names (ca, es, en), rank, default priority, procedures, members and supervisor by e-mail.
 */
const QUEUES: {
  code: string;
  names: [string, string, string];
  rank: number;
  priority: 'high' | 'normal';
  services: string[];
  members: string[];
  supervisor: string;
}[] = [
  {
    code: 'HISENDA',
    names: ['Hisenda', 'Hacienda', 'Tax office'],
    rank: 1,
    priority: 'high',
    services: ['TAXES'],
    members: ['clerk@oac.example'],
    supervisor: 'scheduler@oac.example',
  },
  {
    code: 'GUB',
    names: ['Guàrdia Urbana', 'Guardia Urbana', 'City police'],
    rank: 1,
    priority: 'high',
    services: [],
    members: ['clerk@oac.example'],
    supervisor: 'scheduler@oac.example',
  },
  {
    code: 'OAC',
    names: ["Oficina d'Atenció Ciutadana", 'Oficina de Atención Ciudadana', 'Citizen service office'],
    rank: 1,
    priority: 'high',
    services: ['PADRO', 'CONVIV'],
    members: ['clerk@oac.example', 'clerk2@oac.example'],
    supervisor: 'scheduler@oac.example',
  },
  {
    code: 'HABITATGE',
    names: ['Habitatge', 'Vivienda', 'Housing'],
    rank: 2,
    priority: 'normal',
    services: ['LLOGUER', 'CEDULA'],
    members: ['housing.clerk@oac.example', 'santmarti.clerk@oac.example'],
    supervisor: 'housing.scheduler@oac.example',
  },
  {
    code: 'GENERAL',
    names: ['Altres consultes', 'Otras consultas', 'Other matters'],
    rank: 3,
    priority: 'normal',
    services: [],
    members: ['clerk@oac.example', 'clerk2@oac.example'],
    supervisor: 'scheduler@oac.example',
  },
];

/** Default SLA targets per priority, in business minutes: time to own, time to resolve, warning before a breach. */
const SLA_DEFAULTS: [string, number, number, number][] = [
  ['urgent', 15, 240, 5],
  ['high', 30, 480, 10],
  ['normal', 60, 1440, 15],
  ['low', 240, 4320, 60],
];

async function seedQueues(db: Db): Promise<void> {
  await db.transaction(async (trx) => {
    const staff = new Map<string, string>(
      (await trx('staff_users').select('id', 'email')).map((s: { id: string; email: string }) => [s.email, s.id]),
    );
    for (const q of QUEUES) {
      const [row] = await trx('queues')
        .insert({
          code: q.code,
          name_ca: q.names[0],
          name_es: q.names[1],
          name_en: q.names[2],
          rank: q.rank,
          default_priority: q.priority,
          supervisor_staff_id: staff.get(q.supervisor) ?? null,
        })
        .returning('id');
      if (q.services.length) await trx('services').whereIn('code', q.services).update({ queue_id: row.id });
      const members = q.members.map((e) => staff.get(e)).filter((id): id is string => id !== undefined);
      if (members.length) await trx('queue_members').insert(members.map((staff_id) => ({ queue_id: row.id, staff_id })));
      await trx('tickets')
        .whereIn('service_id', trx('services').select('id').whereIn('code', q.services))
        .whereNull('queue_id')
        .update({ queue_id: row.id, priority: q.priority });
    }
    await trx('sla_policies').insert(
      SLA_DEFAULTS.map(([priority, own_minutes, resolve_minutes, warn_before_minutes]) => ({
        queue_id: null,
        priority,
        own_minutes,
        resolve_minutes,
        warn_before_minutes,
      })),
    );
  });
}

async function seedCatalogue(db: Db): Promise<void> {
  const hashes = new Map<string, string>();
  for (const login of DEMO_LOGINS) {
    if (!hashes.has(login.password)) hashes.set(login.password, await hashPassword(login.password));
  }
  await db.transaction(async (trx) => {
    const officeIds: Record<string, string> = {};
    const serviceIds: Record<string, string[]> = {};
    for (const office of OFFICES) {
      const [row] = await trx('offices')
        .insert({ ...office, channels: office.kind === 'housing' ? ['video', 'in_person'] : ['video', 'phone', 'in_person'] })
        .returning('id');
      officeIds[office.slug] = row.id;
      serviceIds[office.slug] = [];
      for (const [code, name_ca, name_es, name_en, description_ca, description_es, description_en] of SERVICES[office.slug] ?? []) {
        const documents = (DOCUMENTS[code] ?? []).map(([ca, es, en]) => ({ ca, es, en }));
        const [service] = await trx('services')
          .insert({
            code,
            name_ca,
            name_es,
            name_en,
            description_ca,
            description_es,
            description_en,
            duration_minutes: 20,
            channels: office.kind === 'housing' ? ['video', 'in_person'] : ['video'],
            documents: JSON.stringify(documents),
            retention_days: office.kind === 'housing' ? 5 * 365 : 365,
          })
          .returning('id');
        await trx('service_offices').insert({ service_id: service.id, office_id: row.id });
        serviceIds[office.slug]!.push(service.id);
      }
      for (const code of ALSO_OFFERS[office.slug] ?? []) {
        const service = await trx('services').where({ code }).first('id');
        await trx('service_offices').insert({ service_id: service.id, office_id: row.id });
        serviceIds[office.slug]!.push(service.id);
      }
      for (const h of HOURS[office.slug]!) {
        await trx('opening_hours').insert(h.weekdays.map((weekday) => ({ office_id: row.id, weekday, opens: h.opens, closes: h.closes })));
      }
    }
    await trx('calendar_exceptions').insert(
      BARCELONA_HOLIDAYS.map(([date, name]) => ({ office_id: null, kind: 'holiday', name, date_from: date, date_to: date })),
    );
    const staff = [
      { email: 'clerk@oac.example', name: 'Marta Puig i Soler', role: 'clerk', office: 'oac-ciutat-vella', onShift: true },
      { email: 'clerk2@oac.example', name: 'Laia Vidal Pons', role: 'clerk', office: 'oac-ciutat-vella', onShift: false },
      { email: 'housing.clerk@oac.example', name: 'Jordi Serra Vidal', role: 'clerk', office: 'habitatge-eixample', onShift: true },
      { email: 'santmarti.clerk@oac.example', name: 'Oriol Mas Puig', role: 'clerk', office: 'habitatge-sant-marti', onShift: true },
      { email: 'scheduler@oac.example', name: 'Núria Ferrer Roca', role: 'scheduler', office: 'oac-ciutat-vella', onShift: false },
      { email: 'housing.scheduler@oac.example', name: 'Pau Camps Mir', role: 'scheduler', office: 'habitatge-eixample', onShift: false },
      { email: 'admin@oac.example', name: 'Administració OAC', role: 'admin', office: null, onShift: false },
    ];
    for (const s of staff) {
      const login = DEMO_LOGINS.find((l) => l.email === s.email)!;
      const officeId = s.office ? officeIds[s.office]! : null;
      const [user] = await trx('staff_users')
        .insert({ email: s.email, name: s.name, role: s.role, office_id: officeId, password_hash: hashes.get(login.password)! })
        .returning('id');
      if (!s.onShift || !s.office) continue;
      // The clerk covers the office's whole week, every procedure, from today on.
      for (const h of HOURS[s.office]!) {
        for (const weekday of h.weekdays) {
          const [shift] = await trx('shifts')
            .insert({ clerk_id: user.id, office_id: officeId, weekday, starts: h.opens, ends: h.closes, valid_from: '2026-01-01' })
            .returning('id');
          await trx('shift_services').insert(serviceIds[s.office]!.map((service_id) => ({ shift_id: shift.id, service_id })));
        }
      }
    }
  });
}
